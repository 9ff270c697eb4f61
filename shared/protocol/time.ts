// A createdAt is the author's claim, not a fact. Views order by it, but never later than a little past the
// moment this reader first saw the block, so a status dated in the future cannot stay on top of a timeline.
import { MAX_CLOCK_SKEW_MS } from './limits.js'

/** The time a view sorts a record by: min(createdAt, firstSeen + MAX_CLOCK_SKEW_MS), all in ms since epoch. */
export function sortTime(createdAt: number, firstSeen: number): number {
  return Math.min(createdAt, firstSeen + MAX_CLOCK_SKEW_MS)
}
