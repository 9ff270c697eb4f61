// Line icons drawn inline (no icon font, nothing remote). Always decorative: the control names itself.
import type { ReactNode } from 'react'

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"
      fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
      {children}
    </svg>
  )
}

export const ReplyIcon = () => <Icon><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z" /></Icon>
export const RepostIcon = () => (
  <Icon><path d="M17 2l4 4-4 4 M3 11V9a3 3 0 0 1 3-3h15 M7 22l-4-4 4-4 M21 13v2a3 3 0 0 1-3 3H3" /></Icon>
)
export const HeartIcon = () => (
  <Icon><path d="M12 20.5s-7.5-4.4-9.3-9.1C1.5 8 3.7 4.5 7.2 4.5c2 0 3.4 1.1 4.8 2.8 1.4-1.7 2.8-2.8 4.8-2.8 3.5 0 5.7 3.5 4.5 6.9-1.8 4.7-9.3 9.1-9.3 9.1Z" /></Icon>
)
export const LinkIcon = () => (
  <Icon><path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7 M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" /></Icon>
)
export const TrashIcon = () => (
  <Icon><path d="M3 6h18 M8 6V4h8v2 M19 6l-1 14H6L5 6 M10 11v6M14 11v6" /></Icon>
)
export const HomeIcon = () => <Icon><path d="M3 10.5 12 3l9 7.5 M5 9.5V21h14V9.5" /></Icon>
export const BellIcon = () => (
  <Icon><path d="M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8 M10.3 21a1.9 1.9 0 0 0 3.4 0" /></Icon>
)
export const SearchIcon = () => <Icon><circle cx="11" cy="11" r="7" /><path d="m20 20-3.5-3.5" /></Icon>
export const UserIcon = () => <Icon><circle cx="12" cy="8" r="4" /><path d="M4 21a8 8 0 0 1 16 0" /></Icon>
export const UserPlusIcon = () => (
  <Icon><circle cx="9" cy="8" r="4" /><path d="M2 21a7 7 0 0 1 14 0 M19 8v6M16 11h6" /></Icon>
)
export const SyncIcon = () => (
  <Icon><path d="M21 12a9 9 0 0 1-15.5 6.3L3 16 M3 12a9 9 0 0 1 15.5-6.3L21 8 M21 3v5h-5M3 21v-5h5" /></Icon>
)
export const GearIcon = () => (
  <Icon><circle cx="12" cy="12" r="3" /><path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1Z" /></Icon>
)
export const KeyIcon = () => (
  <Icon><circle cx="7.5" cy="15.5" r="4.5" /><path d="M10.7 12.3 20 3 M16 7l3 3 M14 9l2 2" /></Icon>
)
export const HashIcon = () => <Icon><path d="M4 9h16M4 15h16M10 3 8 21M16 3l-2 18" /></Icon>
export const CopyIcon = () => (
  <Icon><rect x="9" y="9" width="12" height="12" rx="2" /><path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" /></Icon>
)
export const ArrowUpIcon = () => <Icon><path d="M12 19V5M5 12l7-7 7 7" /></Icon>
export const InboxIcon = () => (
  <Icon><path d="M3 13h5l1.5 3h5L16 13h5 M5 5h14l2 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-6Z" /></Icon>
)
export const DevicesIcon = () => (
  <Icon><rect x="2" y="4" width="14" height="11" rx="1.5" /><path d="M6 19h6 M9 15v4" /><rect x="17" y="8" width="5" height="12" rx="1" /></Icon>
)
export const MessageIcon = () => (
  <Icon><path d="M4 5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H9l-5 4v-4H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Z" /></Icon>
)
export const CheckIcon = () => <Icon><circle cx="12" cy="12" r="9" /><path d="m8 12.5 2.8 2.8L16.5 9.5" /></Icon>
export const MoreIcon = () => <Icon><circle cx="5" cy="12" r="1.2" /><circle cx="12" cy="12" r="1.2" /><circle cx="19" cy="12" r="1.2" /></Icon>
export const BookmarkIcon = () => <Icon><path d="M6 3h12v18l-6-4.5L6 21z" /></Icon>
export const ListIcon = () => <Icon><path d="M8 6h13 M8 12h13 M8 18h13 M3.5 6h.01 M3.5 12h.01 M3.5 18h.01" /></Icon>
export const DraftIcon = () => <Icon><path d="M4 20h4L19 9l-4-4L4 16v4Z M13.5 6.5l4 4" /></Icon>
