// The browser page's script: mounts the component named by the page's hash (#recipes or #panel) with the fake org.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import MondayRecipes from 'c/mondayRecipes';
import MondayLinkedItems from 'c/mondayLinkedItems';

const root = document.getElementById('root');
if (window.location.hash === '#panel') {
  const panel = createElement('c-monday-linked-items', { is: MondayLinkedItems });
  panel.recordId = '00Q5g00000AbCdEAAZ';
  root.appendChild(panel);
} else {
  root.appendChild(createElement('c-monday-recipes', { is: MondayRecipes }));
}
document.addEventListener('lightning__showtoast', (event) => {
  const toast = document.getElementById('toast');
  toast.textContent = event.detail.title;
});
