export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector("button");
  const status = parentElement.querySelector("[data-share-status]");
  button.onclick = async () => {
    const url = new URL(data.link, window.location.href).href;
    if (navigator.share) {
      try { await navigator.share({ title: document.title, url }); status.textContent = ""; return; }
      catch (err) { if (err && err.name === "AbortError") return; }
    }
    try { await navigator.clipboard.writeText(url); status.textContent = "Link copied"; }
    catch (err) { status.textContent = "Copy the link under Link to this view"; }
  };
}
