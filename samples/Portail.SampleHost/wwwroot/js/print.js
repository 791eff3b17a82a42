// "Imprimer" buttons (R-HIS-1, R-HIS-2): the print style sheet keeps the tables and drops the menus.
document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
});
