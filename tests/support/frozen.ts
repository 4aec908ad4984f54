/** The tests' clock: every store they open is made (and the demo seeded) at this instant. */
export const FROZEN_NOW = new Date('2026-11-21T10:00:00.000Z');
