import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import type { Api, EventName, Events } from '../../../../shared/api/contract.js'
import { fanOutEvents } from '../../../../electron/serve/event-fan-out.js'

function emitterApi() {
  const events = new EventEmitter()
  const api: Api = {
    call: async () => {
      throw new Error('not used')
    },
    on<E extends EventName>(event: E, listener: (data: Events[E]) => void) {
      events.on(event, listener)
      return () => void events.off(event, listener)
    }
  }
  return { api, events }
}

describe('fanOutEvents', () => {
  test('many listeners share one engine listener per event, and each hears every event', () => {
    const { api, events } = emitterApi()
    const fan = fanOutEvents(api)
    const heard: number[] = []
    const offs = Array.from({ length: 25 }, (_, i) => fan.on('network', () => heard.push(i)))
    assert.equal(events.listenerCount('network'), 1)
    events.emit('network', { online: true, peers: 1 })
    assert.equal(heard.length, 25)
    offs[3]!()
    events.emit('network', { online: true, peers: 1 })
    assert.equal(heard.length, 25 + 24)
    for (const off of offs) off()
    assert.equal(events.listenerCount('network'), 0, 'the last one to leave unsubscribes')
  })

  test('a listener that unsubscribes while an event is delivered does not stop the others; close drops all', () => {
    const { api, events } = emitterApi()
    const fan = fanOutEvents(api)
    let second = 0
    const off = fan.on('sync', () => off())
    fan.on('sync', () => second++)
    events.emit('sync', {} as Events['sync'])
    assert.equal(second, 1)
    fan.close()
    assert.equal(events.listenerCount('sync'), 0)
  })
})
