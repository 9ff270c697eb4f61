// The messages every RPC transport carries (MessagePort, WebSocket). Plain JSON-able objects, so the same
// shapes survive structured clone and JSON.stringify alike. Guards check shape only; params are checked
// against the contract by the server (parseParams), results are trusted as the server's own.
import type { ErrorCode } from '../errors.js'
import type { EventName } from '../api/contract.js'

export interface RpcRequest {
  id: number
  method: string
  params: unknown
}

export interface RpcError {
  code: ErrorCode
  message: string
}

export type RpcResponse = { id: number; result: unknown } | { id: number; error: RpcError }

export interface RpcEvent {
  event: EventName
  data: unknown
}

/** Ids are positive safe integers, so a response can always be matched to its call. */
export function isRpcId(id: unknown): id is number {
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0
}

function isRecord(msg: unknown): msg is Record<string, unknown> {
  return typeof msg === 'object' && msg !== null && !Array.isArray(msg)
}

export function isRpcRequest(msg: unknown): msg is RpcRequest {
  return isRecord(msg) && isRpcId(msg.id) && typeof msg.method === 'string' && !('result' in msg) && !('error' in msg)
}

export function isRpcResponse(msg: unknown): msg is RpcResponse {
  if (!isRecord(msg) || !isRpcId(msg.id) || 'method' in msg) return false
  if ('error' in msg) {
    const e = msg.error
    return isRecord(e) && typeof e.code === 'string' && typeof e.message === 'string'
  }
  return 'result' in msg
}

export function isRpcEvent(msg: unknown): msg is RpcEvent {
  return isRecord(msg) && typeof msg.event === 'string' && 'data' in msg && !('id' in msg)
}

/** A request's id when the message has a usable one, even if the rest of it is malformed. */
export function requestIdOf(msg: unknown): number | null {
  return isRecord(msg) && isRpcId(msg.id) ? msg.id : null
}

// Every event in the contract, at run time. The type below fails to compile if Events gains a name
// this list lacks, so the server can never silently drop a new event.
export const EVENT_NAMES = ['statuses', 'sync', 'network', 'notifications', 'importProgress', 'messages', 'handles', 'privateData'] as const satisfies readonly EventName[]
type Missing = Exclude<EventName, (typeof EVENT_NAMES)[number]>
const exhaustive: Missing extends never ? true : Missing = true
void exhaustive
