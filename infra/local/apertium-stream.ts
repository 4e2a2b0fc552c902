/** Apertium's stream format reserves these characters; text must escape them. */
export function escapeApertium(text: string): string {
  return text.replace(/[\\^$@/[\]{}<>]/g, (c) => `\\${c}`);
}
