// The JSON configuration of a test tool: the first argument ('{…}' inline or '@file.json'), else standard input.
import { readFile } from 'node:fs/promises'

export async function readConfig () {
  const arg = process.argv[2]
  if (arg?.startsWith('@')) return JSON.parse(await readFile(arg.slice(1), 'utf8'))
  if (arg) return JSON.parse(arg)
  let s = ''
  process.stdin.setEncoding('utf8')
  for await (const chunk of process.stdin) s += chunk
  return JSON.parse(s)
}
