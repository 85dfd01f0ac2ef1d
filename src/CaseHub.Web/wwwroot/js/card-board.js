// The card engine's board on the page, shared by intervision's anonymous cards and the network meeting's idea cards:
// one column per group (the ungrouped cards first), cards dragged between columns with a mouse, and on every card a
// "move to" list that does the same with the keyboard or a tap. The feature says what a card shows and what a move
// sends; the server decides (this module only renders what it is given).
import { el } from '/js/room-client.js';

/**
 * The columns of a board. `prefix`: the feature's class prefix (`intervision`, `idea`). `groups`: [{ id, label }] in
 * order; `cards`: [{ id, groupId }] in board order. `head(group)`: the column's heading node. `card(c, cardsInColumn)`:
 * the card's node. `canGroup`: whether this person may move cards (drag and drop on). `move(cardId, groupId, position)`.
 */
export function cardColumns({ prefix, groups, cards, ungroupedLabel, head, card, canGroup, move }) {
  const columns = el('div', { class: `${prefix}-columns` });
  for (const g of [{ id: null, label: ungroupedLabel }, ...groups]) {
    const inColumn = cards.filter((c) => (c.groupId ?? null) === g.id);
    const list = el('ul', { class: `plain ${prefix}-cards` }, ...inColumn.map((c) => card(c, inColumn)));
    const column = el('div', { class: `${prefix}-column` + (g.id ? '' : ' ungrouped'), 'data-group': g.id ?? '' }, head(g), list);
    if (canGroup) {
      column.addEventListener('dragover', (e) => { e.preventDefault(); column.classList.add('drop'); });
      column.addEventListener('dragleave', () => column.classList.remove('drop'));
      column.addEventListener('drop', (e) => {
        e.preventDefault();
        column.classList.remove('drop');
        const id = e.dataTransfer.getData('text/plain');
        if (id) move(id, g.id, inColumn.length);
      });
    }
    columns.append(column);
  }
  return columns;
}

/** Makes a card node draggable onto the columns of cardColumns. */
export function draggable(node, cardId) {
  node.draggable = true;
  node.addEventListener('dragstart', (e) => e.dataTransfer.setData('text/plain', cardId));
  return node;
}

/** The keyboard and tap way to group: a list of the groups on a card; choosing one moves the card to its end. */
export function moveToSelect({ card, groups, ungroupedLabel, label, dataKey, move }) {
  const select = el('select', { 'aria-label': label, [dataKey]: card.id },
    el('option', { value: '', text: ungroupedLabel }),
    ...groups.map((g) => el('option', { value: g.id, text: g.label, selected: g.id === card.groupId })));
  select.addEventListener('change', () => move(card.id, select.value || null, 1000));
  return select;
}
