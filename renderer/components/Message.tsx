// The one way a screen tells the user how an action went: an error is an alert (read out at
// once), a success a status.

export type ScreenMessage = { tone: 'error' | 'ok'; text: string } | null;

export function Message({ message }: { message: ScreenMessage }) {
  if (!message) return null;
  return (
    <p role={message.tone === 'error' ? 'alert' : 'status'} className={`message ${message.tone}`}>
      {message.text}
    </p>
  );
}
