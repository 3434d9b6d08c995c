/** The hosted form's style sheet: GOV.UK Design System patterns, in the emulator's colours. */
export const FORM_CSS = `
*{box-sizing:border-box}
body{margin:0;font:19px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0b0c0c;background:#f3f2f1}
.banner{background:#1f3a5f;color:#fff;font-size:.8rem;padding:.45rem 1rem;text-align:center}
main{max-width:960px;margin:0 auto 2rem;padding:1.25rem 1.5rem 2rem;background:#fff}
@media (min-width:40.0625em){main{margin-top:1.5rem;padding:1.5rem 2rem 2.5rem}}
.narrow{max-width:40rem}
h1{font-size:2rem;line-height:1.15;margin:.25rem 0 1.25rem}
h2{font-size:1.4rem;margin:1.5rem 0 .75rem}
.caption{color:#505a5f;font-size:1.1rem;margin:0}
.back-link{display:inline-block;margin:0 0 1rem;color:#0b0c0c;font-size:1rem;padding-left:.85rem;position:relative}
.back-link::before{content:"";position:absolute;left:.1rem;top:.45em;width:.45em;height:.45em;border:solid currentColor;border-width:0 0 2px 2px;transform:rotate(45deg)}
a{color:#1d70b8}a:visited{color:#4c2c92}
a:focus{outline:3px solid transparent;background:#fd0;color:#0b0c0c;box-shadow:0 -2px #fd0,0 4px #0b0c0c;text-decoration:none}
.field{margin:0 0 1.75rem}
.field--error{border-left:5px solid #d4351c;padding-left:.9rem}
label,.label{display:block;font-weight:700;margin-bottom:.3rem}
.tag{font-weight:400;color:#505a5f}
.hint{margin:0 0 .4rem;color:#505a5f}
.error-message{display:block;color:#d4351c;font-weight:700;margin:0 0 .4rem}
.input,.textarea{display:block;width:100%;padding:.35rem .4rem;border:2px solid #0b0c0c;border-radius:0;font:inherit;background:#fff;min-height:2.5rem}
.input--amount{max-width:14rem}.input--date{max-width:14rem}.input--plate{max-width:12rem}
.textarea{min-height:8rem;resize:vertical}
.input--error,.textarea--error{border-color:#d4351c}
.input:focus,.textarea:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c}
.file{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem}
.file input{position:absolute;width:1px;height:1px;opacity:0;overflow:hidden}
.file input:focus + .button{outline:3px solid #fd0;box-shadow:0 0 0 5px #0b0c0c}
.file .button{margin:0;font-weight:400}
.file-name{color:#505a5f;overflow-wrap:anywhere}
.error-summary{border:5px solid #d4351c;padding:1rem 1.25rem;margin:0 0 1.75rem}
.error-summary:focus{outline:3px solid #fd0;outline-offset:0}
.error-summary h2{margin:0 0 .6rem;font-size:1.4rem}
.error-summary ul{margin:0;padding:0;list-style:none}
.error-summary a{color:#d4351c;font-weight:700}
.notice{border-left:5px solid #00703c;background:#eef7ee;padding:.6rem .9rem;margin:0 0 1.25rem}
.actions{display:flex;flex-wrap:wrap;align-items:center;gap:1rem 1.5rem;margin-top:2rem}
.button{display:inline-block;font:inherit;font-size:1.05rem;line-height:1.2;padding:.55rem 1.1rem .5rem;border:2px solid transparent;border-radius:0;background:#00703c;color:#fff;box-shadow:0 2px 0 #002d18;cursor:pointer;text-decoration:none}
.button:hover{background:#005a30}
.button:focus{outline:3px solid transparent;border-color:#fd0;background:#fd0;color:#0b0c0c;box-shadow:0 2px 0 #0b0c0c}
.button--secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
.button--secondary:hover{background:#dbdad9}
.link-button{font:inherit;font-size:1rem;border:0;padding:0;background:none;color:#1d70b8;text-decoration:underline;cursor:pointer}
.link-button:focus{outline:3px solid transparent;background:#fd0;color:#0b0c0c}
.docs{padding-left:1.2rem}.docs li{margin:.3rem 0;overflow-wrap:anywhere}
.summary-list{margin:0 0 1.5rem;font-size:1.05rem}
.summary-list__row{border-bottom:1px solid #b1b4b6;padding:.6rem 0}
.summary-list__key{font-weight:700;margin:0 0 .25rem}
.summary-list__value{margin:0 0 .35rem;white-space:pre-wrap;overflow-wrap:anywhere}
.summary-list__actions{margin:0}
@media (min-width:40.0625em){
.summary-list{display:table;width:100%;table-layout:fixed;border-collapse:collapse}
.summary-list__row{display:table-row;border-bottom:1px solid #b1b4b6}
.summary-list__key,.summary-list__value,.summary-list__actions{display:table-cell;padding:.65rem 1.25rem .65rem 0;vertical-align:top;margin:0}
.summary-list__key{width:28%}
.summary-list__actions{width:16%;text-align:right;padding-right:0}
}
.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;border:0!important;white-space:nowrap!important}
.muted{color:#505a5f}
code{font-size:.95em;overflow-wrap:anywhere}
`;
