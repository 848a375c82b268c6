/** Builds small article pages for the extractor's behaviour tests. */

export const PARAGRAPHS = [
  'Sáng 26/6, Tỉnh ủy tổ chức tọa đàm về việc nâng cao chất lượng thực hiện quy chế dân chủ ở cơ sở, với sự tham dự của đại diện các sở, ban, ngành và địa phương trong tỉnh.',
  'Những năm qua, công tác lãnh đạo, chỉ đạo việc xây dựng và thực hiện quy chế dân chủ ở cơ sở của cấp ủy, chính quyền, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội được quan tâm.',
  'Nhận thức của cán bộ, đảng viên và các tầng lớp nhân dân về dân chủ và thực hành dân chủ ở cơ sở có chuyển biến rõ nét, tạo được niềm tin và sự đồng thuận cao trong nhân dân.',
  'Tại buổi tọa đàm, đại biểu đã nêu ý kiến tham luận, đánh giá thực trạng, khó khăn, vướng mắc và đề xuất giải pháp để phát huy quyền làm chủ của nhân dân trên mọi lĩnh vực.',
] as const;

export const p = (text: string) => `<p>${text}</p>`;

/** A page with a headline, the given article HTML in a content box, and the usual furniture around it. */
export function page(
  article: string,
  options: { head?: string; afterArticle?: string; title?: string } = {},
): string {
  const title = options.title ?? 'Tọa đàm về quy chế dân chủ ở cơ sở';
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${title} - Báo Tỉnh</title>${options.head ?? ''}</head>
<body><div class="menu"><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a> <a href="/kinh-te">Kinh tế</a></div>
<div class="main"><h1>${title}</h1>
<div class="detail-content">${article}</div>${options.afterArticle ?? ''}</div>
<div class="footer">Báo Tỉnh điện tử. Giấy phép số 1/GP.</div></body></html>`;
}

export const body = PARAGRAPHS.map(p).join('\n');
