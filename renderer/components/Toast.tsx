// Short confirmations ("Link copied") in one polite live region, so screen readers hear them too.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react'

type Notify = (message: string) => void

const ToastContext = createContext<Notify>(() => {})

const SHOW_MS = 3000

export function ToastProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<{ text: string; id: number } | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const notify = useCallback<Notify>((text) => {
    if (timer.current) clearTimeout(timer.current)
    setMessage({ text, id: Date.now() })
    timer.current = setTimeout(() => setMessage(null), SHOW_MS)
  }, [])
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current)
  }, [])
  return (
    <ToastContext.Provider value={notify}>
      {children}
      <div className="toast-region" role="status" aria-live="polite">
        {message && (
          <div className="toast" key={message.id}>
            {message.text}
          </div>
        )}
      </div>
    </ToastContext.Provider>
  )
}

export function useToast(): Notify {
  return useContext(ToastContext)
}
