export { generateDemo } from './generate-demo';
export type { DemoDataset, DemoDistrict, DemoIncidents, DemoPlantedSpot } from './generate-demo';
