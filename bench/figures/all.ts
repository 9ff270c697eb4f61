// The benchmark figures (docs/BENCHMARKS.md), in the order `npm run bench` runs them.
import type { Figure } from '../figure.js'
import { firstSync } from './first-sync.js'
import { availability } from './availability.js'
import { coldStart } from './cold-start.js'
import { deepPages } from './deep-pages.js'
import { indexThroughput } from './index-throughput.js'
import { livePropagation } from './live-propagation.js'
import { manyFollows } from './many-follows.js'
import { memory } from './memory.js'
import { reach } from './reach.js'
import { renderer } from './renderer.js'
import { tenThousandFollows } from './ten-thousand-follows.js'
import { timelineQueries } from './timeline-queries.js'

export const FIGURES: Figure[] = [firstSync, manyFollows, timelineQueries, coldStart, livePropagation, memory, renderer, availability, indexThroughput, deepPages, reach, tenThousandFollows]
