/**
 * The states of a case and the actions on it. What each action does (the states it is allowed
 * from, where it leads, who may take it, its refusals, changes, event and messages) is its file
 * in ./actions/; `CaseService.apply` is the only caller that changes a case. The words themselves
 * live in the leaf src/vocabulary/, so the data layer can name them without importing the core.
 */
export { caseStates, openStates, reopenRatingAtMost, isOpen } from "../vocabulary/case-states";
export type { CaseState, CaseAction, ActionType, ReviewStage } from "../vocabulary/case-states";
