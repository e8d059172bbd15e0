/**
 * Which built page (dist/front, from front/<entry>/index.html) answers which path. The workspace
 * routes inside itself after the # (/workspace#/cases/MQ-…), so each entry needs only its own paths.
 */
export const FRONT_PAGE_PATHS: Record<string, string> = {
  "/": "resident/index.html",
  "/index.html": "resident/index.html",
  "/workspace": "workspace/index.html",
  "/workspace/": "workspace/index.html",
};
