/** The alert buttons a person can press about a notice, recorded once per person and notice. */
export const FEEDBACK_ACTIONS = ['remind', 'interested', 'not-relevant'] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];
