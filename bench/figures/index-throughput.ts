// Figure 9: the engine's indexer (read each block from the core, validate it, write the views) over a feed
// held locally, against a plain createReadStream read of the same blocks.
import Corestore from 'corestore'
import HyperDHT from 'hyperdht'
import ids from 'hypercore-id-encoding'
import { Indexer } from '../../electron/engine/views/indexer.js'
import { Views } from '../../electron/engine/views/views.js'
import { row, type Figure } from '../figure.js'
import { ms, number } from '../format.js'
import { percentile } from '../stats.js'
import { feedBlocks } from '../store-builder.js'

const SEARCH_ROUNDS = 200

export const indexThroughput: Figure = {
  name: 'index-throughput',
  title: 'Index throughput',
  async run(ctx) {
    const count = ctx.quick ? 20_000 : 100_000
    const dir = ctx.dir('index-throughput')
    const store = new Corestore(`${dir}/store`)
    ctx.defer(() => store.close())
    const core = store.get({ name: 'feed' })
    await core.ready()
    const blocks = feedBlocks(0, 1, count, Date.now() - count * 1000 - 60_000)
    for (let i = 0; i < blocks.length; i += 10_000) await core.append(blocks.slice(i, i + 10_000).map((b) => Buffer.from(b)))
    const feed = ids.encode(core.key)

    const readAll = async () => {
      const t0 = performance.now()
      let n = 0
      for await (const block of core.createReadStream({ start: 0, end: core.length })) n += block.byteLength > 0 ? 1 : 0
      if (n !== core.length) throw new Error(`read ${n} of ${core.length} blocks`)
      return performance.now() - t0
    }
    await readAll() // warm the page cache for both sides
    const stock = Math.min(await readAll(), await readAll())

    const views = await Views.open(`${dir}/views`, { me: ids.encode(HyperDHT.keyPair().publicKey) })
    ctx.defer(() => views.close())
    const indexer = new Indexer(views)
    let failure: unknown = null
    indexer.on('error', (_f, err) => (failure = err))
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    await indexer.track(feed, core)
    await indexer.catchUp(feed)
    const ours = performance.now() - t0
    // CPU of every thread of this process (RocksDB's included): on a busy machine the wall time mostly says how
    // long the threads waited for a core.
    const cpu = process.cpuUsage(cpu0)
    const cpuMs = (cpu.user + cpu.system) / 1000
    if (failure) throw failure
    if ((await views.indexedLength(feed)) !== core.length) throw new Error('the indexer stopped short')
    await indexer.close()
    ctx.log(`indexed ${core.length} blocks in ${ms(ours)} (${number(core.length / (ours / 1000))} blocks/s); createReadStream ${ms(stock)}`)

    // What the search index's layout costs a reader: the first page of a word search, against the first page
    // of a hashtag, whose index keeps one key per status (the layout words had before they were grouped).
    const timed = async (query: () => Promise<unknown>): Promise<number> => {
      for (let i = 0; i < 20; i++) await query()
      const samples: number[] = []
      for (let i = 0; i < SEARCH_ROUNDS; i++) {
        const t = performance.now()
        await query()
        samples.push(performance.now() - t)
      }
      return percentile(samples, 50)
    }
    const tagPage = await timed(() => views.hashtag('topic5', { limit: 50 }))
    const wordPage = await timed(() => views.search('river', { limit: 50 }))
    const twoWords = await timed(() => views.search('river meadow', { limit: 50 }))

    return [
      row({
        id: '9a',
        name: `Index throughput, ${count / 1000}k statuses of one feed`,
        ours: { value: ours, unit: 'ms' },
        baseline: { value: stock, unit: 'ms', label: 'createReadStream of the same blocks' },
        target: '',
        pass: null,
        note: `${number(core.length / (ours / 1000))} blocks/s indexed vs ${number(core.length / (stock / 1000))} blocks/s read; indexing used ${ms(cpuMs)} of CPU; statuses ~100 bytes with a hashtag and search words`
      }),
      row({
        id: '9b',
        name: `Search, one word, first page of 50, ${count / 1000}k statuses: p50`,
        ours: { value: wordPage, unit: 'ms' },
        baseline: { value: tagPage, unit: 'ms', label: 'a hashtag page of 50' },
        target: '',
        pass: null,
        note: `median of ${SEARCH_ROUNDS} after 20 warm-ups, in process; two words ("river meadow") p50 ${ms(twoWords)}`
      })
    ]
  }
}
