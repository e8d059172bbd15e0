export { Understanding, type CaseToCompare, type Reading } from "./understanding";
export type { EmergencyReading } from "./urgency";
export type { Accusation } from "./accusation";
