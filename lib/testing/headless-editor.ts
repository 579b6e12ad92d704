import { GlobalRegistrator } from '@happy-dom/global-registrator';
import { Editor, type AnyExtension, type JSONContent } from '@tiptap/core';
import { documentExtensions } from '../schema/document-extensions';

/**
 * A real TipTap editor for unit tests, on a Happy DOM document (TipTap adds
 * its plugins, keymaps included, only once it has a view). Each test file
 * runs in its own process, so the global DOM does not leak into others.
 */
export function headlessEditor(content: JSONContent, extensions: AnyExtension[] = []): Editor {
  if (!GlobalRegistrator.isRegistered) GlobalRegistrator.register();
  return new Editor({
    element: document.createElement('div'),
    extensions: [...documentExtensions, ...extensions],
    content,
  });
}
