import { InitialSchema1763900000000 } from "./1763900000000-initial-schema";

/** In order. The schema changes only here. */
export const migrations = [InitialSchema1763900000000];
