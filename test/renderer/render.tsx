// Renders the real app (or one piece of it) around a FakeApi, the way main.tsx does around the real client.
import { render, type RenderResult } from '@testing-library/react'
import type { ReactNode } from 'react'
import { ApiProvider } from '../../renderer/api/ApiContext.js'
import { App } from '../../renderer/app/App.js'
import { ToastProvider } from '../../renderer/components/Toast.js'
import { FakeApi } from './fake-api.js'

export function renderApp(api = new FakeApi(), hash = '#/home'): RenderResult & { api: FakeApi } {
  window.location.hash = hash
  const result = render(
    <ApiProvider api={api}>
      <App />
    </ApiProvider>
  )
  return { ...result, api }
}

export function renderWithApi(ui: ReactNode, api = new FakeApi()): RenderResult & { api: FakeApi } {
  const result = render(
    <ApiProvider api={api}>
      <ToastProvider>{ui}</ToastProvider>
    </ApiProvider>
  )
  return { ...result, api }
}
