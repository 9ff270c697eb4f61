// Params schemas that several areas of the contract share.
import { int, optional, str } from './schema.js'

/** A feed key as people paste it: z-base-32, hex or an rstatus:// link (parseRef reads them all). */
export const key = str({ min: 1, max: 200 })
export const uri = str({ min: 1, max: 300 })
export const statusText = str({ max: 20_000 })
/** The most items one page of a list may hold. */
export const MAX_PAGE_ITEMS = 500
export const limit = optional(int({ min: 1, max: MAX_PAGE_ITEMS }))
export const cursor = optional(str({ max: 500 }))
export const paged = { limit, cursor }
