// The new-announcement form: choosing another main account ticks its local accounts (those whose parent
// it is), greys out the main account itself and names the zone the times are read in. Without it the
// boxes keep what the page was rendered with (GET /announcements/new?main=<id> preselects another).
(() => {
	const form = document.querySelector("form[data-announcement]");
	if (!form) return;
	const select = form.querySelector('select[name="mainAccountId"]');
	const note = form.querySelector("[data-zone-note]");
	if (!select) return;
	select.addEventListener("change", () => {
		const main = select.value;
		const option = select.selectedOptions[0];
		if (note && option) note.textContent = `Times are in ${option.dataset.zone}, the main account's zone`;
		for (const box of form.querySelectorAll('input[name="localAccountIds"]')) {
			box.disabled = box.value === main;
			box.checked = box.value !== main && box.dataset.parent === main;
			const row = box.closest(".account-option");
			if (row) row.toggleAttribute("data-main", box.value === main);
		}
	});
})();
