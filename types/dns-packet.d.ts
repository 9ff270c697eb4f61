// Declarations for the part of dns-packet the tests' local DNS server uses (test/helpers/handle-domain.ts).

declare module 'dns-packet' {
  interface Question {
    type: string
    name: string
    class?: string
  }
  interface Answer {
    type: string
    name: string
    ttl?: number
    class?: string
    data: string | string[] | Buffer | Buffer[]
  }
  interface Packet {
    id?: number
    type: 'query' | 'response'
    flags?: number
    questions?: Question[]
    answers?: Answer[]
  }
  const dnsPacket: {
    encode(packet: Packet): Buffer
    decode(buf: Buffer): Packet
    AUTHORITATIVE_ANSWER: number
  }
  export default dnsPacket
}
