import { GlobalRegistrator } from '@happy-dom/global-registrator';
import { Editor, type AnyExtension, type JSONContent } from '@tiptap/core';
import { documentExtensions } from '../schema/document-extensions';

/**
 * A real TipTap editor with the document extensions (plus `extensions`) for unit tests, on a Happy DOM document (TipTap adds
 * its plugins, keymaps included, only once it has a view). Each test file
 * runs in its own process, so the global DOM does not leak into others.
 */
export function headlessEditor(content: JSONContent, extensions: AnyExtension[] = []): Editor {
  if (!GlobalRegistrator.isRegistered) GlobalRegistrator.register();
  // An extension given here replaces the document extension of the same name (e.g. configured).
  const replaced = new Set(extensions.map((extension) => extension.name));
  return new Editor({
    element: document.createElement('div'),
    extensions: [...documentExtensions.filter((e) => !replaced.has(e.name)), ...extensions],
    content,
  });
}
