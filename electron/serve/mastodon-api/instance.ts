// What a Mastodon client asks first: the instance (v1 and v2), and the lists that rstatus has none of yet
// (custom emojis, filters, announcements…), answered as a Mastodon server with none of them answers.
// The instance names no account: it is public, and says only that this is rstatus and what it takes.
import { MAX_ALT_CHARS, MAX_ATTACHMENTS, MAX_IMAGE_BYTES, MAX_STATUS_CHARS } from '../../../shared/protocol/limits.js'
import { route, type Route } from './router.js'

/** What Mastodon clients check features against: the Mastodon version whose API this door follows. */
export const MASTODON_VERSION = '4.2.0 (compatible; rstatus)'
const TITLE = 'rstatus'
const DESCRIPTION = 'Your own rstatus peer, on this computer: your timeline, from your own signed feed and the feeds you follow.'
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif']

function configuration() {
  return {
    accounts: { max_featured_tags: 0 },
    statuses: { max_characters: MAX_STATUS_CHARS, max_media_attachments: MAX_ATTACHMENTS, characters_reserved_per_url: 0 },
    media_attachments: {
      supported_mime_types: IMAGE_TYPES,
      image_size_limit: MAX_IMAGE_BYTES,
      image_matrix_limit: 16_777_216,
      video_size_limit: 0,
      video_frame_rate_limit: 0,
      video_matrix_limit: 0,
      description_limit: MAX_ALT_CHARS
    },
    polls: { max_options: 0, max_characters_per_option: 0, min_expiration: 0, max_expiration: 0 },
    translation: { enabled: false }
  }
}

export function instanceRoutes(): Route[] {
  return [
    route('GET', /^\/api\/v1\/instance$/, 'public', async ({ url }) => ({
      uri: url.host,
      title: TITLE,
      short_description: DESCRIPTION,
      description: DESCRIPTION,
      email: '',
      version: MASTODON_VERSION,
      urls: { streaming_api: `ws://${url.host}` },
      stats: { user_count: 1, status_count: 0, domain_count: 0 },
      thumbnail: null,
      languages: [],
      registrations: false,
      approval_required: false,
      invites_enabled: false,
      configuration: configuration(),
      contact_account: null,
      rules: []
    })),
    route('GET', /^\/api\/v2\/instance$/, 'public', async ({ url }) => ({
      domain: url.host,
      title: TITLE,
      version: MASTODON_VERSION,
      source_url: 'https://github.com/rstatus/rstatus',
      description: DESCRIPTION,
      usage: { users: { active_month: 1 } },
      thumbnail: { url: `${url.origin}/mastodon/media/missing.png` },
      languages: [],
      configuration: { urls: { streaming: `ws://${url.host}` }, ...configuration() },
      registrations: { enabled: false, approval_required: false, message: null },
      contact: { email: '', account: null },
      rules: []
    })),
    route('GET', /^\/api\/v1\/instance\/(peers|activity|rules|domain_blocks)$/, 'public', async () => []),
    route('GET', /^\/api\/v1\/custom_emojis$/, 'public', async () => []),
    // Lists of things rstatus has none of: what a Mastodon account with none of them gets.
    route('GET', /^\/api\/v(1|2)\/filters$/, 'read', async () => []),
    route('GET', /^\/api\/v1\/announcements$/, 'read', async () => []),
    route('GET', /^\/api\/v1\/follow_requests$/, 'read', async () => []),
    route('GET', /^\/api\/v1\/followed_tags$/, 'read', async () => []),
    route('GET', /^\/api\/v1\/featured_tags$/, 'read', async () => []),
    route('GET', /^\/api\/v1\/domain_blocks$/, 'read', async () => []),
    route('GET', /^\/api\/v1\/trends(\/tags|\/statuses|\/links)?$/, 'read', async () => []),
    route('GET', /^\/api\/v1\/preferences$/, 'read', async () => ({
      'posting:default:visibility': 'public',
      'posting:default:sensitive': false,
      'posting:default:language': null,
      'reading:expand:media': 'default',
      'reading:expand:spoilers': false
    }))
  ]
}
