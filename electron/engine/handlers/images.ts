// The image steps of post, reply and setProfile: an upload becomes an image in the own blobs core, with its
// metadata stripped (media/image-prep.ts), only once everything else about the status has been checked.
import type { Params } from '../../../shared/api/contract.js'
import { RstatusError } from '../../../shared/errors.js'
import { MAX_ALT_CHARS, MAX_IMAGE_BYTES } from '../../../shared/protocol/limits.js'
import type { ImageAttachment } from '../../../shared/protocol/records.js'
import { countChars } from '../../../shared/protocol/text.js'
import { megabytes, prepareImage } from '../media/image-prep.js'
import type { OutgoingImage } from '../messages/conversation.js'
import type { Media } from '../media/media.js'
import type { FeedWriter } from '../writer/feed-writer.js'

export interface ImageServices {
  media: Pick<Media, 'addImage' | 'uploads'>
  writer: Pick<FeedWriter, 'check'>
}

/** Stores the images of a status about to be posted, after checking the status itself could be written. */
export async function attachImages(s: ImageServices, text: string, images: Params<'post'>['images']): Promise<ImageAttachment[]> {
  if (!images || images.length === 0) return []
  // Images go into the blobs core for good: check everything else first, so a status refused for its
  // text leaves no images behind.
  s.writer.check({ type: 'status', text })
  for (const image of images) {
    if (image.alt !== undefined && countChars(image.alt) > MAX_ALT_CHARS) {
      throw new RstatusError('INVALID_INPUT', `An image description can have at most ${MAX_ALT_CHARS} characters`)
    }
  }
  const attachments: ImageAttachment[] = []
  for (const image of images) attachments.push(await s.media.addImage(imageBytes(s, image.upload), image.alt))
  return attachments
}

/** An image for a private message: stripped of its metadata like a status's, then kept only encrypted. */
export async function messageImage(s: Pick<ImageServices, 'media'>, image: { upload: string; alt?: string | undefined }): Promise<OutgoingImage> {
  if (image.alt !== undefined && countChars(image.alt) > MAX_ALT_CHARS) {
    throw new RstatusError('INVALID_INPUT', `An image description can have at most ${MAX_ALT_CHARS} characters`)
  }
  const prepared = await prepareImage(imageBytes(s, image.upload))
  return { bytes: prepared.full, mime: prepared.mime, width: prepared.width, height: prepared.height, alt: image.alt ?? '' }
}

/** The avatar of a new profile record: unchanged when absent, removed with '', else a new upload. */
export async function avatarFrom(s: ImageServices, upload: string | undefined, current: ImageAttachment | undefined): Promise<ImageAttachment | undefined> {
  if (upload === undefined) return current
  if (upload === '') return undefined
  const { alt: _alt, ...picture } = await s.media.addImage(imageBytes(s, upload))
  return picture
}

function imageBytes(s: Pick<ImageServices, 'media'>, upload: string): Buffer {
  return s.media.uploads.takeBytes(upload, MAX_IMAGE_BYTES, (size) =>
    new RstatusError('INVALID_INPUT', `The image is ${megabytes(size)}; the limit is ${megabytes(MAX_IMAGE_BYTES)} per image`)
  )
}
