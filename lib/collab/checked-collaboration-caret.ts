import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Plugin } from '@tiptap/pm/state';
import { DecorationSet } from '@tiptap/pm/view';
import { yCursorPlugin, yCursorPluginKey } from '@tiptap/y-tiptap';
import { isDrawablePresence } from './presence-state';

/**
 * `plugin` with its state never throwing: a caret it cannot draw leaves the
 * carets undrawn until the next presence change, rather than failing the
 * transaction that redraws them (a remote change, or the page's own typing).
 */
function neverThrowing(plugin: Plugin<DecorationSet>): Plugin<DecorationSet> {
  const state = plugin.spec.state;
  if (!state) return plugin;
  return new Plugin({
    ...plugin.spec,
    state: {
      ...state,
      init(config, instance) {
        try {
          return state.init.call(this, config, instance);
        } catch {
          return DecorationSet.empty;
        }
      },
      apply(tr, value, oldState, newState) {
        try {
          return state.apply.call(this, tr, value, oldState, newState);
        } catch {
          return DecorationSet.empty;
        }
      },
    },
  });
}

/**
 * TipTap's CollaborationCaret, drawing only the carets whose presence state is
 * well-formed (`presence-state.ts`). y-tiptap reads every peer's `cursor` as
 * relative positions and throws on one that is not ("Unexpected case"), failing
 * each transaction that redraws the carets; the server drops such states, but
 * the page does not count on it.
 */
export const CheckedCollaborationCaret = CollaborationCaret.extend({
  addProseMirrorPlugins() {
    const { provider, render, selectionRender } = this.options;
    const carets = neverThrowing(
      yCursorPlugin(provider.awareness, {
        awarenessStateFilter: (own: number, client: number, state: unknown) =>
          own !== client && isDrawablePresence(state),
        // What CollaborationCaret passes; its render options check the colour themselves.
        cursorBuilder: (user: Record<string, unknown>) => render(user),
        selectionBuilder: (user: Record<string, unknown>) => selectionRender(user),
      }) as Plugin<DecorationSet>,
    );
    return (this.parent?.() ?? []).map((plugin) =>
      plugin.spec.key === yCursorPluginKey ? carets : plugin,
    );
  },
});
