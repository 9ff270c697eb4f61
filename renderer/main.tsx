// Entry point: pick the transport (Electron bridge or WebSocket), then render the app.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ApiProvider } from './api/ApiContext.js'
import { getClient, getConnection } from './api/client.js'
import { App } from './app/App.js'
import './styles/base.css'
import './styles/layout.css'
import './styles/messages.css'
import './styles/components.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html lacks #root')

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={getClient()} connection={getConnection()}>
      <App />
    </ApiProvider>
  </StrictMode>
)
