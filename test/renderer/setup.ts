// Vitest setup for component tests: a clean DOM and hash between tests, and the browser bits jsdom lacks.
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'

beforeEach(() => {
  window.location.hash = ''
  Object.defineProperty(window, 'scrollY', { value: 0, writable: true, configurable: true })
  window.scrollTo = ((...args: unknown[]) => {
    const opts = args[0]
    const top = typeof opts === 'object' && opts !== null ? (opts as { top?: number }).top : (args[1] as number)
    if (typeof top === 'number') (window as { scrollY: number }).scrollY = top
  }) as typeof window.scrollTo
})

afterEach(() => {
  cleanup()
})
