// Where the shell finds its parts, relative to the compiled main.js (dist/electron/main/): the same layout in
// development and inside the packaged app.asar.
import path from 'node:path'

export const PRELOAD_BUNDLE = 'preload.cjs'

export interface AppPaths {
  rendererDir: string
  preloadPath: string
  engineEntry: string
  /** The development icon; a packaged app uses the icon its installer registered. */
  iconPath: string
}

export function appPaths(mainDir: string): AppPaths {
  const dist = path.resolve(mainDir, '..', '..')
  return {
    rendererDir: path.join(dist, 'renderer'),
    preloadPath: path.join(dist, 'preload', PRELOAD_BUNDLE),
    engineEntry: path.join(mainDir, '..', 'engine-process', 'main.js'),
    iconPath: path.join(dist, '..', 'build', 'icons', '512x512.png')
  }
}
