// What an image says to someone who cannot see it: its author's description, or that it has none.
import type { ImageAttachment } from '../../../shared/protocol/records.js'

export const NO_DESCRIPTION = 'Image without a description'

export function altOf(image: ImageAttachment): string {
  return image.alt?.trim() || NO_DESCRIPTION
}
