// Drag and drop for file inputs: a file dropped on a <div class="drop-zone" data-input="ID">
// goes into that input, which then fires "change" as if the file had been chosen, so the
// page's own handler reads it. A file dropped beside a zone does not replace the page.

function wire(zone) {
  const input = document.getElementById(zone.dataset.input);
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  zone.addEventListener('dragover', (e) => {
    if (!hasFiles(e) || input.disabled) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    zone.classList.add('drop-zone--over');
  });
  zone.addEventListener('dragleave', (e) => {
    if (!zone.contains(e.relatedTarget)) zone.classList.remove('drop-zone--over');
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('drop-zone--over');
    const files = e.dataTransfer?.files;
    if (!files?.length || input.disabled) return;
    const chosen = new DataTransfer();
    for (const file of input.multiple ? files : [files[0]]) chosen.items.add(file);
    input.files = chosen.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

export function wireDropZones(root = document) {
  root.querySelectorAll('.drop-zone[data-input]').forEach(wire);
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (e) => {
      if (!e.defaultPrevented && [...(e.dataTransfer?.types ?? [])].includes('Files')) {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
      }
    });
  }
}
