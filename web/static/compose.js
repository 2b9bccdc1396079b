// Live length counters and duty lines for the compose form. The server counts (POST /compose/count)
// with the same rules scheduling checks, and says who is on duty at the chosen time with the same
// rota rules, so the browser never disagrees with the lint or the approval that follows. Without
// this script the form still works and shows both after each submit.
(() => {
	const form = document.querySelector("form[data-compose]");
	const list = document.getElementById("counters");
	if (!form || !list) return;
	const note = document.getElementById("zone-note");
	const duty = document.getElementById("duty");
	let timer;
	let latest = 0;

	function payload() {
		const boxes = [...form.querySelectorAll('input[name="accountIds"]:checked')];
		const when = form.querySelector('input[name="when"]:checked');
		return {
			body: form.elements.namedItem("body").value,
			link: form.elements.namedItem("link").value,
			networks: boxes.map((b) => b.dataset.network),
			zones: boxes.map((b) => b.dataset.zone),
			accountIds: boxes.map((b) => b.value),
			when: when ? when.value : "draft",
			date: form.elements.namedItem("date")?.value ?? "",
			time: form.elements.namedItem("time")?.value ?? "",
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
		if (duty && Array.isArray(data.duty)) {
			const lines = data.duty.map((d) => {
				const li = item(` ${d.text}`, `duty duty-${d.tone}`);
				const handle = document.createElement("strong");
				handle.textContent = d.handle;
				li.prepend(handle);
				return li;
			});
			duty.replaceChildren(...(lines.length ? lines : [item(duty.dataset.empty, "hint")]));
		}
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

	function later() {
		clearTimeout(timer);
		timer = setTimeout(update, 150);
	}
	// "change" too: some browsers fire no "input" for date and time pickers.
	form.addEventListener("input", later);
	form.addEventListener("change", later);
})();
