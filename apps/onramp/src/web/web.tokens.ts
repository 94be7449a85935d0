/** The compiled page templates (platform/rendering/web-views.ts), built once at start-up. */
export const WEB_VIEWS = Symbol('WebViews');
