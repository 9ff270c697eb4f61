// The handlers of shared/api/mirrors.ts: the list of mirrors and what each holds (mirrors/mirrors.ts).
import type { mirrors } from '../../../shared/api/mirrors.js'
import { parseKey } from '../../../shared/keys.js'
import type { Mirrors } from '../mirrors/mirrors.js'
import type { AreaHandlers } from './api.js'

export interface MirrorServices {
  mirrors: Pick<Mirrors, 'states' | 'add' | 'remove'>
}

export function mirrorHandlers(s: MirrorServices): AreaHandlers<typeof mirrors> {
  return {
    mirrors: () => s.mirrors.states(),
    async mirrorAdd({ key }) {
      await s.mirrors.add(parseKey(key))
      return s.mirrors.states()
    },
    mirrorRemove: ({ key }) => s.mirrors.remove(parseKey(key))
  }
}
