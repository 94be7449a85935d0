/** Injection token of the validated core checklist ({@link LoadedCatalogue}). */
export const CATALOGUE = Symbol('Catalogue');
