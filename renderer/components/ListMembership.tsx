// On a profile: which of the person's lists hold this person, with a box to tick for each.
import { useLists } from '../api/queries.js'
import { useMutation } from '../api/mutations.js'
import type { FeedKey } from '../../shared/keys.js'
import { href } from '../navigation/routes.js'

export function ListMembership({ person }: { person: FeedKey }) {
  const lists = useLists().data ?? []
  const add = useMutation('listAdd')
  const remove = useMutation('listRemove')
  if (lists.length === 0) return <p className="list-membership muted">Put people in <a href={href.lists()}>lists</a> to read them apart.</p>
  return (
    <fieldset className="list-membership">
      <legend>Lists</legend>
      {lists.map((l) => {
        const member = l.members.includes(person)
        return (
          <label key={l.name}>
            <input type="checkbox" checked={member} disabled={add.pending || remove.pending}
              onChange={() => void (member ? remove : add).run({ name: l.name, key: person })} />
            {l.name}
          </label>
        )
      })}
    </fieldset>
  )
}
