// Live length counters for the compose form. The server counts (POST /compose/count) with the
// same rules scheduling checks, so the browser never disagrees with the lint. Without this
// script the form still works and shows the counts after each submit.
(() => {
	const form = document.querySelector("form[data-compose]");
	const list = document.getElementById("counters");
	if (!form || !list) return;
	const note = document.getElementById("zone-note");
	let timer;
	let latest = 0;

	function payload() {
		const boxes = [...form.querySelectorAll('input[name="accountIds"]:checked')];
		return {
			body: form.elements.namedItem("body").value,
			link: form.elements.namedItem("link").value,
			networks: boxes.map((b) => b.dataset.network),
			zones: boxes.map((b) => b.dataset.zone),
		};
	}

	function item(text, className) {
		const li = document.createElement("li");
		li.className = className;
		li.textContent = text;
		return li;
	}

	function show(data) {
		const items = data.counts.map((c) => item(c.text, c.ok ? "counter" : "counter over"));
		list.replaceChildren(...(items.length ? items : [item(list.dataset.empty, "hint")]));
		if (note) note.textContent = data.zoneNote;
	}

	async function update() {
		// Only the newest answer is shown, whatever order the responses arrive in.
		const mine = ++latest;
		try {
			const res = await fetch("/compose/count", {
				method: "POST",
				headers: { "Content-Type": "application/json" },
				body: JSON.stringify(payload()),
			});
			if (res.ok && mine === latest) show(await res.json());
		} catch {
			// Offline or signed out: keep the last counts; submitting still checks everything.
		}
	}

	form.addEventListener("input", () => {
		clearTimeout(timer);
		timer = setTimeout(update, 150);
	});
})();
