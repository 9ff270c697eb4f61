import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { answeredFlows, parseConntrack } from '../../net/conntrack.js'

// Lines as conntrack 1.4.7 prints them in a lab router with accounting on
const TABLE = `udp      17 29 src=10.1.0.2 dst=198.18.1.2 sport=39411 dport=54066 packets=43 bytes=3782 src=198.18.1.2 dst=198.18.1.1 sport=54066 dport=39411 packets=43 bytes=3615 [ASSURED] mark=0 use=1
udp      17 27 src=10.1.0.2 dst=198.18.0.1 sport=5555 dport=49737 packets=1 bytes=30 [UNREPLIED] src=198.18.0.1 dst=198.18.1.1 sport=49737 dport=34349 packets=0 bytes=0 mark=0 use=1
unknown  2 598 src=10.1.0.1 dst=224.0.0.22 packets=1 bytes=40 [UNREPLIED] src=224.0.0.22 dst=10.1.0.1 packets=0 bytes=0 mark=0 use=1
conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.
`

describe('parseConntrack', () => {
  test('reads both directions of a flow, with the NAT mapping and the packet counts', () => {
    const [flow] = parseConntrack(TABLE)
    assert.deepEqual(flow, {
      protocol: 'udp',
      original: { src: '10.1.0.2', dst: '198.18.1.2', sport: 39411, dport: 54066, packets: 43, bytes: 3782 },
      reply: { src: '198.18.1.2', dst: '198.18.1.1', sport: 54066, dport: 39411, packets: 43, bytes: 3615 },
      answered: true
    })
  })

  test('marks a flow nobody answered, and reads the port the NAT chose for it', () => {
    const flow = parseConntrack(TABLE)[1]
    assert.equal(flow?.answered, false)
    assert.equal(flow?.reply.dport, 34349)
  })

  test('keeps flows without ports and skips lines that are not flows', () => {
    const flows = parseConntrack(TABLE)
    assert.equal(flows.length, 3)
    assert.equal(flows[2]?.protocol, 'unknown')
    assert.equal(flows[2]?.original.sport, 0)
  })
})

describe('answeredFlows', () => {
  test('picks the answered UDP flows between a host and a remote address', () => {
    const flows = parseConntrack(TABLE)
    assert.equal(answeredFlows(flows, '10.1.0.2', '198.18.1.2').length, 1)
    assert.deepEqual(answeredFlows(flows, '10.1.0.2', '198.18.0.1'), [], 'unanswered')
    assert.deepEqual(answeredFlows(flows, '10.1.0.3', '198.18.1.2'), [], 'another host')
  })
})
