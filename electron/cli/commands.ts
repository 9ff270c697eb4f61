// The commands that work on any Api, whether the engine runs here or in a running `rstatus serve`.
// Each returns its exit code; output goes through Io so the wording is tested, not the terminal.
import { MAX_PAGE_ITEMS } from '../../shared/api/params.js'
import type { StatusView } from '../../shared/api/shapes.js'
import { printableText } from '../../shared/printable.js'
import { ownAtomFeed } from '../serve/atom.js'
import type { Command } from './args.js'
import { formatAppTokens, formatFollowing, formatProfile, formatStopped, formatTimeline, timelineItem, type Io } from './output.js'
import { Failure, naming } from './exit.js'
import { exportArchive, importTwitter, leave } from './media-commands.js'
import { writeOutputFile } from './output-file.js'
import type { Peer } from './peer.js'
import { runDevice } from './device-command.js'
import { runDm } from './dm-command.js'
import { runPrivateData } from './list-command.js'
import { runMirror } from './mirror-command.js'

/** How long `rstatus profile` and `whoami` wait for a domain asked about my handle (the engine's bound, too). */
const HANDLE_CHECK_WAIT_MS = 10_000

export type ApiCommand = Exclude<Command, { name: 'help' | 'serve' | 'reindex' | 'check' | 'identity' } | { name: 'mirror'; action: 'serve' }>


export async function runCommand(cmd: ApiCommand, peer: Peer, io: Io): Promise<number> {
  const { api } = peer
  switch (cmd.name) {
    case 'whoami': {
      const me = await api.call('whoami', cmd.json ? {} : { waitForHandle: HANDLE_CHECK_WAIT_MS })
      if (cmd.json) io.out(JSON.stringify({ key: me.key, uri: me.uri, peer: me.peer }))
      else io.out(formatProfile(me.profile))
      return 0
    }
    case 'post': {
      const { text, quote, cw, sensitive, poll } = cmd
      io.out((await api.call('post', { text, ...(quote ? { quote } : {}), ...(cw ? { cw } : {}), ...(sensitive ? { sensitive } : {}), ...(poll ? { poll } : {}) })).uri)
      return 0
    }
    case 'reply': {
      const { to, text, cw, sensitive } = cmd
      io.out((await api.call('reply', { to, text, ...(cw ? { cw } : {}), ...(sensitive ? { sensitive } : {}) })).uri)
      return 0
    }
    case 'edit':
      // The original link: an edited status keeps it everywhere.
      io.out((await api.call('edit', { uri: cmd.uri, text: cmd.text })).uri)
      return 0
    case 'vote':
      io.out((await api.call('vote', { of: cmd.uri, choice: cmd.choice })).uri)
      return 0
    case 'pin':
    case 'unpin':
      io.out((await api.call(cmd.name, { of: cmd.uri })).uri)
      return 0
    case 'repost':
      io.out((await api.call('repost', { of: cmd.uri })).uri)
      return 0
    case 'like':
      io.out((await api.call('like', { of: cmd.uri })).uri)
      return 0
    case 'delete':
      await api.call('delete', { uri: cmd.uri })
      io.out(`deleted ${cmd.uri}`)
      return 0
    case 'profile': {
      const changing = cmd.set.name !== undefined || cmd.set.bio !== undefined || cmd.set.handle !== undefined
      if (changing) await api.call('setProfile', cmd.set)
      // This process may exit right after: wait for a due handle check, so the answer is shown and saved.
      io.out(formatProfile((await api.call('whoami', { waitForHandle: HANDLE_CHECK_WAIT_MS })).profile))
      return 0
    }
    case 'follow': {
      const key = 'handle' in cmd ? (await api.call('resolveHandle', { handle: cmd.handle })).key : cmd.key
      const p = await api.call('follow', { key })
      io.out(`following ${p.key}${p.name ? ` (${printableText(p.name)})` : ''}`)
      return 0
    }
    case 'unfollow':
      io.out(`unfollowed ${(await api.call('unfollow', { key: cmd.key })).key}`)
      return 0
    case 'following': {
      const profiles = await api.call('following', {})
      io.out(cmd.json ? JSON.stringify(profiles) : formatFollowing(profiles))
      return 0
    }
    case 'timeline': {
      const items = await newest(peer, cmd.limit)
      io.out(cmd.json ? JSON.stringify(items.map(timelineItem)) : formatTimeline(items))
      return 0
    }
    case 'sync': {
      const following = await api.call('following', {})
      if (following.length === 0) {
        io.out('You follow no one, so there is nothing to sync.')
        return 0
      }
      const { ok, behind } = await peer.sync(cmd.timeoutMs)
      if (ok) {
        // A feed past the size cap or forked is as caught up as it gets: say so, and how far it got.
        const stopped = (await api.call('syncState', {})).feeds.filter((f) => f.stopped !== null)
        for (const f of stopped) io.out(formatStopped(f))
        const rest = following.filter((p) => !stopped.some((f) => f.key === p.key)).length
        const all = stopped.length === 0 ? 'All' : 'The other'
        if (rest > 0) io.out(`${all} ${rest} followed feed${rest === 1 ? ' is' : 's are'} up to date.`)
        return 0
      }
      const names = new Map(following.map((p) => [p.key, p.name]))
      const list = behind.map((k) => (names.get(k) ? `${k} (${printableText(names.get(k) as string)})` : k)).join(', ')
      io.err(`rstatus: not caught up after ${cmd.timeoutMs / 1000}s: ${list}`)
      return 1
    }
    case 'device':
      return runDevice(cmd, peer, io)
    case 'dm':
      return runDm(cmd, peer, io)
    case 'mirror':
      return runMirror(cmd, peer, io)
    case 'bookmark':
    case 'unbookmark':
    case 'bookmarks':
    case 'list':
    case 'lists':
      return runPrivateData(cmd, peer, io)
    case 'token':
      switch (cmd.action) {
        case 'create': {
          const created = await api.call('createAppToken', { name: cmd.tokenName, readOnly: cmd.readOnly, messages: cmd.messages })
          io.out(created.token)
          io.err(
            `Created ${created.readOnly ? 'read-only ' : ''}app token "${printableText(created.name)}"` +
              `${created.messages ? ', with your private messages' : ''}. It is shown only this once: ` +
              'apps send it as "Authorization: Bearer <token>" to rstatus serve (see docs/API.md).'
          )
          return 0
        }
        case 'list': {
          const tokens = await api.call('appTokens', {})
          io.out(cmd.json ? JSON.stringify(tokens) : formatAppTokens(tokens))
          return 0
        }
        case 'revoke':
          io.out(`revoked ${printableText((await naming(api.call('revokeAppToken', { name: cmd.tokenName }))).name)}`)
          return 0
        case 'messages': {
          const changed = await naming(api.call('setAppTokenMessages', { name: cmd.tokenName, on: cmd.on }))
          io.out(`${printableText(changed.name)} ${changed.messages ? 'may now use your private messages' : 'no longer reaches your private messages'}`)
          return 0
        }
      }
    case 'import-twitter':
      return importTwitter(cmd.zip, peer, io)
    case 'export':
      return exportArchive(cmd.file, { media: cmd.media }, peer, io)
    case 'leave':
      return leave(peer, io)
    case 'atom': {
      const { xml, entries } = await ownAtomFeed(api, cmd.limit === null ? {} : { limit: cmd.limit })
      if (cmd.out === null) {
        io.out(xml.trimEnd())
        return 0
      }
      // A feed is written to be published: readable by others.
      writeOutputFile(cmd.out, xml, { mode: 0o644 })
      io.out(`Wrote ${entries} status${entries === 1 ? '' : 'es'} to ${cmd.out}`)
      return 0
    }
  }
}

/** The newest `limit` statuses of the home timeline, paging as needed. */
async function newest(peer: Peer, limit: number): Promise<StatusView[]> {
  const items: StatusView[] = []
  let cursor: string | undefined
  while (items.length < limit) {
    const page = await peer.api.call('timeline', { limit: Math.min(MAX_PAGE_ITEMS, limit - items.length), ...(cursor ? { cursor } : {}) })
    items.push(...page.items)
    if (!page.cursor || page.items.length === 0) break
    cursor = page.cursor
  }
  return items.slice(0, limit)
}
