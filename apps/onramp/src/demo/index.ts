/** The demo data set as the entry points use it. */
export { isEmpty, loadDemoData } from './demo-data';
