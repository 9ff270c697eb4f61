// The window's size and position, kept in a small JSON file in the data folder. What is read back is checked:
// a hand-edited or stale file (a monitor that is gone) must never put the window off screen.
import fs from 'node:fs'
import { writeFileAtomic } from '../platform/atomic-file.js'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  /** Absent: let the OS centre the window. */
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

export const WINDOW_STATE_FILE = 'window-state.json'
export const DEFAULT_WINDOW_STATE: Readonly<WindowState> = { width: 1100, height: 800, maximized: false }
export const MIN_WIDTH = 480
export const MIN_HEIGHT = 400
const MAX_SIDE = 16_384
/** How much of the window's top edge must lie on a screen for the position to be kept. */
const VISIBLE_MIN = 64

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v)
}

/** A WindowState from untrusted JSON, or null when it is not one. */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const v = value as Record<string, unknown>
  if (!isInt(v.width) || !isInt(v.height)) return null
  if (v.width < 1 || v.height < 1 || v.width > MAX_SIDE || v.height > MAX_SIDE) return null
  const state: WindowState = {
    width: Math.max(MIN_WIDTH, v.width),
    height: Math.max(MIN_HEIGHT, v.height),
    maximized: v.maximized === true
  }
  if (isInt(v.x) && isInt(v.y) && Math.abs(v.x) <= 4 * MAX_SIDE && Math.abs(v.y) <= 4 * MAX_SIDE) {
    state.x = v.x
    state.y = v.y
  }
  return state
}

/**
 * Fits a saved state to the screens there are now: too big → shrunk to the screen it is on; top edge not on
 * any screen → position dropped (the OS centres it).
 */
export function fitWindowState(state: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const s: WindowState = { ...(state ?? DEFAULT_WINDOW_STATE) }
  const screen = s.x !== undefined && s.y !== undefined ? screenShowingTop(s as Required<WindowState>, workAreas) : null
  if (!screen) {
    delete s.x
    delete s.y
  }
  const area = screen ?? workAreas[0]
  if (area) {
    s.width = Math.max(MIN_WIDTH, Math.min(s.width, area.width))
    s.height = Math.max(MIN_HEIGHT, Math.min(s.height, area.height))
  }
  return s
}

function screenShowingTop(s: Required<WindowState>, areas: readonly Rect[]): Rect | null {
  const top: Rect = { x: s.x, y: s.y, width: s.width, height: Math.min(s.height, 40) }
  for (const area of areas) {
    const w = Math.min(top.x + top.width, area.x + area.width) - Math.max(top.x, area.x)
    const h = Math.min(top.y + top.height, area.y + area.height) - Math.max(top.y, area.y)
    if (w >= Math.min(VISIBLE_MIN, top.width) && h >= Math.min(20, top.height)) return area
  }
  return null
}

/** The saved state, or null when there is none or it cannot be used. Never throws. */
export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(fs.readFileSync(file, 'utf8')))
  } catch {
    return null
  }
}

/** Writes atomically (temp file, then rename), so a crash mid-write leaves the old file. Never throws. */
export function writeWindowState(file: string, state: WindowState): boolean {
  try {
    writeFileAtomic(file, JSON.stringify(state) + '\n')
    return true
  } catch {
    // the state is a convenience, not data: the window opens at its default size next time
    return false
  }
}

/** What to save from a window: its normal (not maximized) bounds and whether it is maximized. */
export function stateFromWindow(normalBounds: Rect, maximized: boolean): WindowState {
  return {
    x: Math.round(normalBounds.x),
    y: Math.round(normalBounds.y),
    width: Math.round(normalBounds.width),
    height: Math.round(normalBounds.height),
    maximized
  }
}
