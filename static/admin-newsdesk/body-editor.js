// The article body's rich-text editor (django-prose-editor's ProseMirror build).
//
// Started here rather than by the package's presets: those need an inline
// import map and let the editor inject a <style> element, and the site's
// Content-Security-Policy allows no inline script or style. The rules the
// editor would inject are in body-editor.css.
//
// Only what the body's sanitiser keeps is offered: paragraphs, two heading
// levels, bold, italics, links, quotes and lists. The textarea keeps the
// editor's HTML, and the server sanitises it as it would a paste.
import {
  Blockquote,
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Gapcursor,
  Heading,
  History,
  Italic,
  Link,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Text,
  crel,
  initializeEditors,
} from "../django_prose_editor/editor.js";

const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;

function createBodyEditor(textarea) {
  if (textarea.closest(".prose-editor")) {
    return null;
  }
  const wrapper = crel("div", { className: "prose-editor" });
  textarea.before(wrapper);
  wrapper.append(textarea);
  return new Editor({
    element: wrapper,
    injectCSS: false,
    editable: !textarea.hasAttribute("disabled"),
    extensions: [
      Document,
      Paragraph,
      Text,
      Dropcursor,
      Gapcursor,
      History,
      Menu,
      Heading.configure({ levels: [2, 3] }),
      Bold,
      Italic,
      Link.configure({ openOnClick: false }),
      Blockquote,
      BulletList,
      OrderedList,
      ListItem,
    ],
    content: textarea.value,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = EMPTY.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
}

initializeEditors(createBodyEditor, "textarea[data-body-editor]");
