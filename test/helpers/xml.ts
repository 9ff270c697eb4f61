// A strict, namespace-aware XML parse into a small tree, for tests that check documents we write (Atom).
// saxes enforces well-formedness (XML 1.0 characters, entities, nesting) and throws on the first error.
import { SaxesParser } from 'saxes'

export interface XmlElement {
  /** Namespace URI and local name, e.g. "http://www.w3.org/2005/Atom" and "entry". */
  ns: string
  local: string
  attrs: Record<string, string>
  children: XmlElement[]
  /** The element's own character data, entities decoded. */
  text: string
}

export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true })
  const stack: XmlElement[] = []
  let root: XmlElement | null = null
  let error: Error | null = null
  parser.on('error', (err) => {
    error ??= err
  })
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {}
    for (const a of Object.values(tag.attributes)) attrs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value
    const el: XmlElement = { ns: tag.uri, local: tag.local, attrs, children: [], text: '' }
    const parent = stack.at(-1)
    if (parent) parent.children.push(el)
    else root = el
    stack.push(el)
  })
  parser.on('text', (t) => {
    const top = stack.at(-1)
    if (top) top.text += t
  })
  parser.on('closetag', () => void stack.pop())
  parser.write(xml).close()
  if (error) throw error
  if (!root) throw new Error('no root element')
  return root
}

export function childrenNamed(el: XmlElement, local: string, ns = el.ns): XmlElement[] {
  return el.children.filter((c) => c.local === local && c.ns === ns)
}

export function childNamed(el: XmlElement, local: string, ns = el.ns): XmlElement | undefined {
  return childrenNamed(el, local, ns)[0]
}
