// How numbers read in logs and in docs/BENCHMARKS.md.
import type { Measure } from './figure.js'

export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—'
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`
  if (value >= 100) return `${Math.round(value)} ms`
  if (value >= 10) return `${value.toFixed(1)} ms`
  return `${value.toFixed(2)} ms`
}

export function measure(m: Measure | null): string {
  if (!m) return '—'
  const text = m.unit === 'ms' ? ms(m.value) : `${number(m.value)} ${m.unit}`
  return m.label ? `${text} (${m.label})` : text
}

export function number(value: number): string {
  if (!Number.isFinite(value)) return '—'
  if (Number.isInteger(value) || Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en')
  if (Math.abs(value) >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

export function ratio(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : `${value.toFixed(2)}×`
}

/** 10000 → "10k", 1000000 → "1M": store and feed sizes in row names. */
export function count(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n)
}
