// Opening a RocksDB (rocksdb-native) folder: created private to the user when missing, and closed again when
// opening fails, so that a database that could not open does not keep its lock.
import fs from 'node:fs'
import RocksDB from 'rocksdb-native'

export async function openRocksDb(dir: string): Promise<RocksDB> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  const db = new RocksDB(dir)
  try {
    await db.ready()
  } catch (err) {
    // the open failed already; the close only lets go of what it took
    await db.close().catch(() => {})
    throw err
  }
  return db
}
