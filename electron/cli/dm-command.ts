// `rstatus dm …`: private conversations. The JSON shapes are the issue's contract: a message is
// {"id","from","text","createdAt"}, a conversation {"id","members","unread","last"}, a request
// {"id","from","text","createdAt"}.
import type { DmConversation, DmMessage, DmRequest } from '../../shared/messages.js'
import { printableText } from '../../shared/printable.js'
import type { DmCommand } from './dm-args.js'
import { UsageError } from './exit.js'
import { relativeTime, type Io } from './output.js'
import type { Peer } from './peer.js'

export async function runDm(cmd: DmCommand, peer: Peer, io: Io): Promise<number> {
  const { api } = peer
  switch (cmd.action) {
    case 'send': {
      const text = cmd.text ?? (await readStdin())
      if (text.trim() === '') throw new UsageError('the message is empty')
      io.out((await api.call('dmSend', { to: cmd.to, text })).conversation)
      return 0
    }
    case 'list': {
      const list = await api.call('dmList', {})
      io.out(cmd.json ? JSON.stringify(list.map(conversationJson)) : formatConversations(list))
      return 0
    }
    case 'read': {
      const messages = await api.call('dmRead', { conversation: cmd.conversation, ...(cmd.limit !== null ? { limit: cmd.limit } : {}) })
      io.out(cmd.json ? JSON.stringify(messages.map(messageJson)) : formatMessages(messages))
      return 0
    }
    case 'requests': {
      const requests = await api.call('dmRequests', {})
      io.out(cmd.json ? JSON.stringify(requests.map(requestJson)) : formatRequests(requests))
      return 0
    }
    case 'accept':
      io.out(`accepted ${(await api.call('dmAccept', { id: cmd.id })).id}`)
      return 0
    case 'decline':
      io.out(`declined ${(await api.call('dmDecline', { id: cmd.id })).id}`)
      return 0
  }
}

export function messageJson(m: DmMessage): { id: string; from: string; text: string; createdAt: number } {
  return { id: m.id, from: m.from, text: m.text, createdAt: m.createdAt }
}

function conversationJson(c: DmConversation) {
  return { id: c.id, members: c.members, unread: c.unread, last: c.last ? messageJson(c.last) : null }
}

function requestJson(r: DmRequest) {
  return { id: r.id, from: r.from, text: r.text, createdAt: r.createdAt }
}

function formatConversations(list: DmConversation[], now = Date.now()): string {
  if (list.length === 0) return 'No conversations yet: start one with rstatus dm send KEY -'
  return list
    .map((c) => {
      const head = `${c.id}  ${c.members.length} people${c.unread > 0 ? `, ${c.unread} unread` : ''}`
      const last = c.last ? `  ${c.last.from} · ${relativeTime(c.last.createdAt, now)}: ${oneLine(c.last.text)}` : '  (no messages yet)'
      return `${head}\n${last}`
    })
    .join('\n\n')
}

function formatMessages(messages: DmMessage[], now = Date.now()): string {
  if (messages.length === 0) return 'No messages in this conversation yet.'
  return messages.map((m) => [`${m.from} · ${relativeTime(m.createdAt, now)}`, ...printableText(m.text).split('\n').map((l) => '  ' + l)].join('\n')).join('\n\n')
}

function formatRequests(requests: DmRequest[], now = Date.now()): string {
  if (requests.length === 0) return 'No message requests.'
  return requests.map((r) => `${r.id}  from ${r.from} · ${relativeTime(r.createdAt, now)}\n  ${oneLine(r.text)}`).join('\n\n')
}

function oneLine(text: string): string {
  const line = printableText(text).replace(/\s+/g, ' ')
  return line.length > 100 ? line.slice(0, 99) + '…' : line
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}
