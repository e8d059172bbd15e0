/** The kinds of emergency an appeal may report: each has its own advice to the resident (src/texts/). */
export const emergencyKinds = ["gas", "fire", "flood", "medical", "crime", "rescue"] as const;
export type EmergencyKind = (typeof emergencyKinds)[number];
