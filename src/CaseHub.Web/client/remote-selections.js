// Remote cursors and selections (name + colour) for CodeMirror over Yjs awareness, compatible with y-codemirror.next's
// awareness format ({ user: { name, color }, cursor: { anchor, head } }).
// Why not y-codemirror.next's own plugin: it colours with inline style attributes, which the site's CSP forbids.
// Here colours are classes, defined in one nonce-carrying <style> element (CSSOM inserts into it are allowed).

import { EditorView, ViewPlugin, Decoration, WidgetType } from '@codemirror/view'
import { Annotation, RangeSet } from '@codemirror/state'
import * as Y from 'yjs'
import { yRemoteSelectionsTheme } from 'y-codemirror.next'

const refresh = Annotation.define()

const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e', '#393b79']

/**
 * A colour safe to put in CSS, as #rrggbb: from "#rrggbb", "#rgb" or "hsl(h, s%, l%)", else one from the palette.
 * Peers are not trusted: nothing else ever reaches the style sheet.
 */
export function safeColor (color, clientId = 0) {
  if (typeof color === 'string') {
    if (/^#[0-9a-fA-F]{6}$/.test(color)) return color.toLowerCase()
    if (/^#[0-9a-fA-F]{3}$/.test(color)) return ('#' + [...color.slice(1)].map(c => c + c).join('')).toLowerCase()
    const hsl = /^hsl\(\s*(\d{1,3}(?:\.\d+)?)\s*,\s*(\d{1,3}(?:\.\d+)?)%\s*,\s*(\d{1,3}(?:\.\d+)?)%\s*\)$/.exec(color)
    if (hsl) return hslToHex(Number(hsl[1]) % 360, Math.min(100, Number(hsl[2])) / 100, Math.min(100, Number(hsl[3])) / 100)
  }
  return palette[Math.abs(clientId) % palette.length]
}

function hslToHex (h, s, l) {
  const k = n => (n + h / 30) % 12
  const a = s * Math.min(l, 1 - l)
  const f = n => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))
  return '#' + [f(0), f(8), f(4)].map(x => Math.round(x * 255).toString(16).padStart(2, '0')).join('')
}

const sheets = new WeakMap()

function colorClass (view, color) {
  const doc = view.dom.ownerDocument
  let entry = sheets.get(doc)
  if (!entry) {
    const style = doc.createElement('style')
    const nonce = view.state.facet(EditorView.cspNonce)
    if (nonce) style.nonce = nonce
    style.dataset.notesColors = ''
    doc.head.appendChild(style)
    entry = { sheet: style.sheet, known: new Set() }
    sheets.set(doc, entry)
  }
  const hex = color.slice(1)
  const cls = `cm-yc-${hex}`
  if (!entry.known.has(hex) && entry.sheet) {
    entry.known.add(hex)
    entry.sheet.insertRule(`.${cls}.cm-ySelection, .${cls}.cm-yLineSelection { background-color: ${color}33 }`, entry.sheet.cssRules.length)
    entry.sheet.insertRule(`.${cls}.cm-ySelectionCaret { background-color: ${color}; border-color: ${color} }`, entry.sheet.cssRules.length)
  }
  return cls
}

class CaretWidget extends WidgetType {
  constructor (cls, name) {
    super()
    this.cls = cls
    this.name = name
  }

  toDOM (view) {
    const d = view.dom.ownerDocument
    const caret = d.createElement('span')
    caret.className = `cm-ySelectionCaret ${this.cls}`
    const dot = d.createElement('div')
    dot.className = 'cm-ySelectionCaretDot'
    const info = d.createElement('div')
    info.className = 'cm-ySelectionInfo'
    info.textContent = this.name
    caret.append('\u2060', dot, '\u2060', info, '\u2060')
    return caret
  }

  eq (other) { return other.cls === this.cls && other.name === this.name }
  get estimatedHeight () { return -1 }
  ignoreEvent () { return true }
}

/**
 * @param {Y.Text} ytext
 * @param {import('y-protocols/awareness').Awareness} awareness
 * @param {{ anonymous?: string }} [o]
 */
export function remoteSelections (ytext, awareness, { anonymous = '?' } = {}) {
  const plugin = ViewPlugin.fromClass(class {
    constructor (view) {
      this.decorations = RangeSet.of([])
      this.destroyed = false
      this.listener = ({ added, updated, removed }) => {
        if (added.concat(updated, removed).some(id => id !== awareness.clientID)) {
          // Never dispatch from inside another view update: wait for the current task step to finish.
          queueMicrotask(() => { if (!this.destroyed) view.dispatch({ annotations: [refresh.of(true)] }) })
        }
      }
      awareness.on('change', this.listener)
    }

    destroy () {
      this.destroyed = true
      awareness.off('change', this.listener)
    }

    update (update) {
      const ydoc = ytext.doc
      const local = awareness.getLocalState()
      // Share our own cursor (relative positions survive concurrent edits).
      if (local != null) {
        const hasFocus = update.view.hasFocus && update.view.dom.ownerDocument.hasFocus()
        const sel = hasFocus ? update.state.selection.main : null
        if (sel != null) {
          const anchor = Y.createRelativePositionFromTypeIndex(ytext, sel.anchor)
          const head = Y.createRelativePositionFromTypeIndex(ytext, sel.head)
          const cur = local.cursor
          if (cur == null ||
              !Y.compareRelativePositions(Y.createRelativePositionFromJSON(cur.anchor), anchor) ||
              !Y.compareRelativePositions(Y.createRelativePositionFromJSON(cur.head), head)) {
            awareness.setLocalStateField('cursor', { anchor, head })
          }
        } else if (local.cursor != null && hasFocus) {
          awareness.setLocalStateField('cursor', null)
        }
      }

      const decorations = []
      const docText = update.view.state.doc
      awareness.getStates().forEach((state, clientId) => {
        if (clientId === awareness.clientID) return
        const cursor = state.cursor
        if (cursor == null || cursor.anchor == null || cursor.head == null) return
        let anchor, head
        try {
          anchor = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(cursor.anchor), ydoc)
          head = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(cursor.head), ydoc)
        } catch {
          return
        }
        if (anchor == null || head == null || anchor.type !== ytext || head.type !== ytext) return
        const max = docText.length
        const a = Math.min(anchor.index, max)
        const h = Math.min(head.index, max)
        const cls = colorClass(update.view, safeColor(state.user?.color, clientId))
        const name = String(state.user?.name ?? '').slice(0, 60) || anonymous
        const start = Math.min(a, h)
        const end = Math.max(a, h)
        const startLine = docText.lineAt(start)
        const endLine = docText.lineAt(end)
        const mark = Decoration.mark({ class: `cm-ySelection ${cls}` })
        if (startLine.number === endLine.number) {
          if (end > start) decorations.push(mark.range(start, end))
        } else {
          if (startLine.to > start) decorations.push(mark.range(start, startLine.to))
          for (let i = startLine.number + 1; i < endLine.number; i++) {
            decorations.push(Decoration.line({ class: `cm-yLineSelection ${cls}` }).range(docText.line(i).from))
          }
          if (end > endLine.from) decorations.push(mark.range(endLine.from, end))
        }
        decorations.push(Decoration.widget({ side: h - a > 0 ? -1 : 1, widget: new CaretWidget(cls, name) }).range(h))
      })
      this.decorations = Decoration.set(decorations, true)
    }
  }, { decorations: v => v.decorations })
  return [yRemoteSelectionsTheme, plugin]
}
