import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { resetImageCache } from '../../renderer/api/images.js'
import { StatusCard } from '../../renderer/components/status/StatusCard.js'
import { ComposeStatus } from '../../renderer/features/compose/ComposeStatus.js'
import { MAX_IMAGE_BYTES } from '../../shared/protocol/limits.js'
import type { ImageAttachment } from '../../shared/protocol/records.js'
import { ALICE, FakeApi, keyOf, makeStatus } from './fake-api.js'
import { renderWithApi } from './render.js'

const box = () => screen.getByRole('textbox', { name: "What's happening?" }) as HTMLTextAreaElement
const postButton = () => screen.getByRole('button', { name: 'Post' }) as HTMLButtonElement
const picker = () => screen.getByLabelText('Add images') as HTMLInputElement

function png(name: string, size = 64): File {
  return new File([new Uint8Array(size).fill(7)], name, { type: 'image/png' })
}

/** A FakeApi that keeps uploads, as the engine does, and tells which ones a post used. */
function withUploads(api = new FakeApi()): FakeApi & { uploaded: Map<string, number> } {
  const uploaded = new Map<string, number>()
  let n = 0
  api.overrides.uploadBegin = () => ({ upload: `up${++n}` })
  api.overrides.uploadChunk = ({ upload, data }) => {
    uploaded.set(upload, (uploaded.get(upload) ?? 0) + atob(data).length)
    return { received: uploaded.get(upload)! }
  }
  return Object.assign(api, { uploaded })
}

afterEach(() => resetImageCache())

describe('compose with images', () => {
  it('needs a description for every image before posting, then sends them with the status', async () => {
    const api = withUploads()
    renderWithApi(<ComposeStatus />, api)
    const user = userEvent.setup()
    await user.type(box(), 'my garden')
    await user.upload(picker(), [png('tulips.png', 100), png('roses.png', 50)])

    expect(screen.getByRole('list', { name: 'Images to attach' }).children).toHaveLength(2)
    expect(postButton().disabled).toBe(true)
    expect(screen.getAllByText('A description is needed before you post.')).toHaveLength(2)

    await user.type(screen.getByRole('textbox', { name: 'Describe image 1' }), 'Red tulips in a box')
    expect(postButton().disabled).toBe(true)
    await user.click(screen.getByRole('button', { name: 'Remove image 2' }))
    expect(postButton().disabled).toBe(false)

    await user.click(postButton())
    await waitFor(() => expect(api.callsOf('post')).toEqual([{ text: 'my garden', images: [{ upload: 'up1', alt: 'Red tulips in a box' }] }]))
    expect(api.uploaded.get('up1')).toBe(100)
    await waitFor(() => expect(box().value).toBe(''))
    expect(screen.queryByRole('list', { name: 'Images to attach' })).toBeNull()
  })

  it('says at once when an image is too large or not an image, and keeps at most four', async () => {
    renderWithApi(<ComposeStatus />, withUploads())
    const user = userEvent.setup({ applyAccept: false })
    const big = new File([new Uint8Array(8)], 'huge.jpg', { type: 'image/jpeg' })
    Object.defineProperty(big, 'size', { value: MAX_IMAGE_BYTES + 1 })
    await user.upload(picker(), [big, new File(['%PDF'], 'doc.pdf', { type: 'application/pdf' })])
    expect((await screen.findByRole('alert')).textContent).toBe(
      'huge.jpg is 10 MB; the limit is 10 MB per image. doc.pdf is not a JPEG, PNG, WebP or GIF image'
    )
    await user.upload(picker(), [png('1.png'), png('2.png'), png('3.png'), png('4.png'), png('5.png')])
    expect(screen.getByRole('list', { name: 'Images to attach' }).children).toHaveLength(4)
    expect(screen.getByRole('alert').textContent).toBe('A status can have at most 4 images')
    expect(picker().disabled).toBe(true)
  })
})

describe('images in a status', () => {
  const image: ImageAttachment = {
    type: 'image', mime: 'image/png', blobs: keyOf(40),
    blob: { blockOffset: 0, blockLength: 1, byteOffset: 0, byteLength: 3 }, width: 300, height: 200, alt: 'A boat at sunset'
  }

  it('shows a placeholder until the bytes arrive, then the image with its alt text', async () => {
    const api = new FakeApi()
    let deliver: (v: { data: string }) => void = () => {}
    api.overrides.blob = () => new Promise((resolve) => (deliver = resolve))
    renderWithApi(<StatusCard status={makeStatus(ALICE, 5, 'sunset', { attachments: [image] })} />, api)

    expect(screen.getByRole('img', { name: 'Loading image: A boat at sunset' })).toBeTruthy()
    await waitFor(() => expect(api.callsOf('blob')).toEqual([{ feed: ALICE, blobs: image.blobs, blob: image.blob }]))
    await act(async () => deliver({ data: btoa('png') }))
    const img = await screen.findByRole('img', { name: 'A boat at sunset' })
    expect(img.tagName).toBe('IMG')
    expect(img.getAttribute('src')).toMatch(/^(blob:|data:image\/png;base64,)/)
    expect(screen.queryByRole('img', { name: /Loading image/ })).toBeNull()
  })

  it('offers to try again when no one online has the image', async () => {
    const api = new FakeApi()
    let calls = 0
    api.overrides.blob = () => {
      if (++calls === 1) throw new Error('not available')
      return { data: btoa('png') }
    }
    renderWithApi(<StatusCard status={makeStatus(ALICE, 6, 'later', { attachments: [{ ...image, alt: undefined }] })} />, api)
    expect(await screen.findByRole('img', { name: 'Image not available yet: Image without a description' })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('img', { name: 'Image without a description' })).toBeTruthy()
  })
})
