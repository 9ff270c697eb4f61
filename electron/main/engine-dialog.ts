// What the window says when the engine is not running: which words, which buttons. The renderer hears the
// same status through the preload; this native dialog is the shell's own guarantee that Restart is offered.
import type { EngineStatus } from '../../shared/desktop/ipc.js'

export interface EngineDialog {
  type: 'error'
  message: string
  detail: string
  buttons: string[]
  /** Index of the button that restarts the engine; the other one quits. */
  restartButton: number
}

export function engineDialog(status: EngineStatus): EngineDialog | null {
  if (status.state === 'crashed') {
    return {
      type: 'error',
      message: 'rstatus stopped working',
      detail: status.message ?? 'The rstatus engine stopped unexpectedly. Your data is safe; restart it to continue.',
      buttons: ['Restart', 'Quit'],
      restartButton: 0
    }
  }
  if (status.state === 'failed') {
    return {
      type: 'error',
      message: 'rstatus could not start',
      detail: status.message ?? 'The rstatus engine could not open its data.',
      buttons: ['Try Again', 'Quit'],
      restartButton: 0
    }
  }
  return null
}
